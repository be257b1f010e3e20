namespace ConflictClient.Merging;

/// <summary>One entry: its bytes (URI, version, body), its bucket chain, its place in its recency list.</summary>
internal struct CacheSlot
{
    public byte[] Data;
    public int Hash;
    public int KeyLength;
    public int VersionLength;
    public int Next;
    public int Newer;
    public int Older;
    public bool Numeric;
    public bool Superseded;
}
