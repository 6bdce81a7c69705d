namespace RsResumeProxy.Uploads.Rules;

/// <summary>Runs rules in order and returns the first refusal, or null when every rule holds.</summary>
internal static class RuleList
{
    public static UploadRefusal? FirstRefusal<TFacts>(IReadOnlyList<IUploadRule<TFacts>> rules, TFacts facts)
    {
        foreach (var rule in rules)
        {
            if (rule.Check(facts) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }
}
