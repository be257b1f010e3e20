using System.Text;

namespace ConflictClient.Http;

/// <summary>The best code and message found so far, and every word.</summary>
internal sealed class ErrorWords
{
    private readonly StringBuilder _words = new();
    private (string? Value, int Priority) _code = (null, int.MaxValue);
    private (string? Value, int Priority) _message = (null, int.MaxValue);

    public void Code(string? value, int priority)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        // A code is a token ("conflict", "UpdateConditionNotSatisfied", "23505"); a sentence is a message, wherever it stands.
        if (value.Length > 100 || value.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            Message(value, priority + 1000);
            return;
        }

        AddWords(value);
        if (priority < _code.Priority)
        {
            _code = (value, priority);
        }
    }

    public void Message(string? value, int priority)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        AddWords(value);
        if (priority < _message.Priority)
        {
            _message = (value, priority);
        }
    }

    public ServerError ToServerError() =>
        _code.Value is null && _message.Value is null ? ServerError.None : new(_code.Value, _message.Value, _words.ToString());

    private void AddWords(string value)
    {
        if (_words.Length < 4096)
        {
            _words.Append(' ').Append(value.Length > 1024 ? value[..1024] : value);
        }
    }
}
