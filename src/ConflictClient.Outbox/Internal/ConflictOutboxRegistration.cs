namespace ConflictClient.Outbox.Internal;

/// <summary>Marks that a client has an outbox, so that a second call adds nothing and the outbox can be found by name.</summary>
internal sealed record ConflictOutboxRegistration(string ClientName);
