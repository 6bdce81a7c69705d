namespace RsResumeProxy.Staging.Redis;

/// <summary>
/// Every Redis key and channel the proxy uses, under one prefix (Redis:InstanceName) so several
/// deployments can share a Redis server without seeing each other's uploads.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>The record of one upload, relative to the prefix (IDistributedCache adds the prefix itself).</summary>
    public static string StateEntry(string uploadId) => "state:" + uploadId;

    /// <summary>The set of upload ids with a record: IDistributedCache cannot enumerate, the sweeper must.</summary>
    public string Index => Prefix + "uploads";

    /// <summary>The set of pending upload ids of one owner (<see cref="State.UploadOwners"/>), for the quota checks.</summary>
    public string Owner(string owner) => Prefix + "owner:" + owner;

    public string Lock(string uploadId) => Prefix + "lock:" + uploadId;

    /// <summary>Pub/sub channel on which a newer request asks the holder of an upload to stop.</summary>
    public string StopChannel => Prefix + "stop";
}
