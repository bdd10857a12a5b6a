using System.Data;
using Dapper;

namespace Logistics.Server.Storage;

/// <summary>
/// Reads and binds a text column that holds one of an enum's values by its spelling
/// (uploads.status 'queued' ↔ <see cref="Uploads.UploadState.Queued"/>), through the type's own
/// mapping class: row records and query parameters hold the type, and the spelling lives in that
/// class only. Registered once, in <see cref="DapperConventions"/>.
/// </summary>
internal sealed class SpelledEnumHandler<T>(Func<T, string> name, Func<string, T> parse) : SqlMapper.TypeHandler<T>
    where T : struct, Enum
{
    public override void SetValue(IDbDataParameter parameter, T value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = name(value);
    }

    public override T Parse(object value) => parse((string)value);
}
