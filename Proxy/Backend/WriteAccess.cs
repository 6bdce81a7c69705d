namespace RsResumeProxy.Backend;

/// <summary>The probe's verdict, with the backend's status and WWW-Authenticate to relay on a refusal.</summary>
internal sealed record WriteAccess(WriteAccessKind Kind, int StatusCode, string? WwwAuthenticate)
{
    public static readonly WriteAccess Allowed = new(WriteAccessKind.Allowed, 200, null);

    public static WriteAccess Unavailable(int statusCode) => new(WriteAccessKind.Unavailable, statusCode, null);
}
