using ConflictClient.SignupExample;

// Concurrent sign-ups with one e-mail under each duplicate policy, each on its own embedded server.
var rounds = await SignupDemo.RunAsync(signups: 5, Console.Out);
return rounds.All(r => r.AccountsWithEmail == 1 && r.CreatesApplied == 1) ? 0 : 1;
