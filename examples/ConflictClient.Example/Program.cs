using ConflictClient.Example;

// README's first command: an embedded API, six concurrent editors, every conflict merged and retried, 0 lost updates.
var result = await BoardDemo.RunAsync(editors: 6, cardsPerEditor: 10, Console.Out);
return result.LostUpdates == 0 ? 0 : 1;
