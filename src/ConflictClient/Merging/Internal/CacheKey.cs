using System.Text;
using ConflictClient.Versioning;

namespace ConflictClient.Merging;

/// <summary>The key of a remembered representation: the URI's and the version's UTF-8 text, hashed by the URI.</summary>
internal static class CacheKey
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The key is the URI's and the version's UTF-8 text; a version that is not valid Unicode is never kept or found.
    public static bool TryCreate(Uri uri, VersionToken version, out byte[] key, out int versionLength)
    {
        try
        {
            var uriBytes = Utf8.GetBytes(uri.AbsoluteUri);
            var versionBytes = Utf8.GetBytes(version.Value);
            (key, versionLength) = ([.. uriBytes, .. versionBytes], versionBytes.Length);
            return true;
        }
        catch (EncoderFallbackException)
        {
            (key, versionLength) = ([], 0);
            return false;
        }
    }

    public static int Hash(Uri uri) => StringComparer.Ordinal.GetHashCode(uri.AbsoluteUri) & int.MaxValue;
}
