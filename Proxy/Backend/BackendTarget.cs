namespace RsResumeProxy.Backend;

/// <summary>The backend destination chosen by YARP for this request and the cluster's client.</summary>
internal sealed record BackendTarget(string DestinationPrefix, HttpMessageInvoker Client);
