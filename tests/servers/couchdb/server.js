// A CouchDB-protocol server (PouchDB's express-pouchdb, full CouchDB mode: validate_doc_update enforced) held in memory, listening on 127.0.0.1 at the port given
// (0: any free port). It prints "listening on <url>" once ready, and stops when its standard input closes.
const express = require('express');
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-mapreduce'))
  .plugin(require('pouchdb-replication'))
  .defaults({ adapter: 'memory' });

const app = express();
app.use('/', require('express-pouchdb')(PouchDB, { mode: 'fullCouchDB', inMemoryConfig: true, logPath: '/dev/null' }));
const server = app.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
