namespace RsResumeProxy.Backend;

/// <summary>The backend destination chosen by YARP for this request and the cluster's client.</summary>
public sealed record BackendTarget(string DestinationPrefix, HttpMessageInvoker Client);
