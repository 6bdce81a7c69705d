namespace RsResumeProxy.Uploads.Rules;

/// <summary>
/// One rule of the upload protocol, checked before a byte of the body is read: pure, small, and
/// tested on its own. An operation is the list of its rules plus one action; the first refusal wins.
/// </summary>
internal interface IUploadRule<in TFacts>
{
    UploadRefusal? Check(TFacts facts);
}
