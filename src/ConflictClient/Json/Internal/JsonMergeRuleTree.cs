namespace ConflictClient.Json;

/// <summary>The path rules of a merge as a tree of segments, walked alongside the documents.</summary>
internal sealed class JsonMergeRuleTree
{
    private Dictionary<string, JsonMergeRuleTree>? _children;
    private JsonMergeRuleTree? _wildcard;

    private JsonMergePathRule? Rule { get; set; }

    /// <summary>Builds the tree, or returns null when there are no rules (the merge then does no rule work at all).</summary>
    public static JsonMergeRuleTree? Build(IReadOnlyList<JsonMergePathRule> rules)
    {
        if (rules.Count == 0)
        {
            return null;
        }

        var root = new JsonMergeRuleTree();
        foreach (var rule in rules)
        {
            var node = root;
            foreach (var segment in rule.Segments)
            {
                if (segment == JsonMergeOptions.Wildcard)
                {
                    node = node._wildcard ??= new JsonMergeRuleTree();
                }
                else
                {
                    node._children ??= new Dictionary<string, JsonMergeRuleTree>(StringComparer.Ordinal);
                    if (!node._children.TryGetValue(segment, out var child))
                    {
                        child = new JsonMergeRuleTree();
                        node._children[segment] = child;
                    }

                    node = child;
                }
            }

            node.Rule = rule;
        }

        return root;
    }

    /// <summary>The nodes reached by a path so far; null once no rule can match below.</summary>
    internal sealed class Cursor
    {
        private readonly JsonMergeRuleTree[] _nodes;

        public Cursor(JsonMergeRuleTree root)
            : this([root])
        {
        }

        private Cursor(JsonMergeRuleTree[] nodes)
        {
            _nodes = nodes;
            JsonMergePathRule? best = null;
            foreach (var node in nodes)
            {
                if (node.Rule is { } rule && (best is null || rule.Wildcards < best.Wildcards))
                {
                    best = rule;
                }
            }

            Rule = best;
        }

        /// <summary>Gets the most specific rule for this exact path, if any.</summary>
        public JsonMergePathRule? Rule { get; }

        /// <summary>Gets a value indicating whether any rule lies below this path (otherwise children need no lookup).</summary>
        public bool HasChildren => Array.Exists(_nodes, n => n._children is not null || n._wildcard is not null);

        public Cursor? Child(string segment)
        {
            List<JsonMergeRuleTree>? next = null;
            foreach (var node in _nodes)
            {
                if (node._children is { } children && children.TryGetValue(segment, out var exact))
                {
                    (next ??= []).Add(exact);
                }

                if (node._wildcard is { } wildcard)
                {
                    (next ??= []).Add(wildcard);
                }
            }

            return next is null ? null : new Cursor([.. next]);
        }
    }
}
