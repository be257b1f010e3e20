using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace ConflictClient.Conflicts;

/// <summary>
/// A <see cref="TimeSpan"/> range check that is safe under trimming and native AOT (the framework's
/// <see cref="RangeAttribute"/> converts its bounds by reflection); Polly.Core and Microsoft.Extensions.Http.Resilience
/// carry the same attribute for the same reason.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute
{
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    public override bool IsValid(object? value) => value is not TimeSpan time || (time >= Minimum && time <= Maximum);

    public override string FormatErrorMessage(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"The field {name} must be between {Minimum} and {Maximum}.");
}
