using ConflictClient.Http;
using ConflictClient.Versioning;

namespace ConflictClient.Conflicts;

/// <summary>The server's state as last read: the representation, its version when read, and its value when a typed merge read it.</summary>
internal sealed record RemoteState(Representation Representation, VersionToken Version = default, object? Value = null);
