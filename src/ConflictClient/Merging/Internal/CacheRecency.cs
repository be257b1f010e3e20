namespace ConflictClient.Merging;

/// <summary>A recency list threaded through the slots: newest first.</summary>
internal struct CacheRecency
{
    public const int Nil = -1;

    public int Newest;
    public int Oldest;
    public int Count;

    public static CacheRecency Empty => new() { Newest = Nil, Oldest = Nil };

    public void AddNewest(CacheSlot[] slots, int slot)
    {
        slots[slot].Older = Newest;
        slots[slot].Newer = Nil;
        if (Newest != Nil)
        {
            slots[Newest].Newer = slot;
        }

        Newest = slot;
        Oldest = Oldest == Nil ? slot : Oldest;
        Count++;
    }

    public void Unlink(CacheSlot[] slots, int slot)
    {
        var (newer, older) = (slots[slot].Newer, slots[slot].Older);
        if (newer != Nil)
        {
            slots[newer].Older = older;
        }
        else
        {
            Newest = older;
        }

        if (older != Nil)
        {
            slots[older].Newer = newer;
        }
        else
        {
            Oldest = newer;
        }

        Count--;
    }
}
