using Logistics.Server.Auth;

namespace Logistics.Server.Uploads;

/// <summary>
/// One upload kind as the intake knows it: how its files get in, who may send them and who may read
/// their status, where its endpoints are listed (with an example file), and its body limit:
/// <see cref="DefaultMaxBodyBytes"/>, or the setting <see cref="LimitSetting"/> when it has one.
/// </summary>
internal sealed record UploadKindSpec(
    UploadKind Kind,
    IUploadPipeline Pipeline,
    long DefaultMaxBodyBytes,
    string? LimitSetting,
    string Summary,
    string ExampleCsv,
    string Senders = Policies.OpsWrite,
    string Readers = Policies.AnyKey,
    string Tag = "uploads")
{
    public string Name => UploadKinds.Name(Kind);

    /// <summary>The limit in force: the setting (Section__Key in the environment, Section:Key in files) or the default.</summary>
    public long MaxBodyBytes(IConfiguration config) =>
        LimitSetting is null ? DefaultMaxBodyBytes : config.GetValue(LimitSetting.Replace("__", ":", StringComparison.Ordinal), DefaultMaxBodyBytes);
}
