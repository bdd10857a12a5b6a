using System.Runtime.CompilerServices;
using Dapper;
using Logistics.Domain.Alerts;
using Logistics.Server.Planning;
using Logistics.Server.Uploads;

namespace Logistics.Server.Storage;

internal static class DapperConventions
{
    // Columns are snake_case, records PascalCase; set once before any query, whoever runs first.
#pragma warning disable CA2255 // this is the application, not a library
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Status and kind columns map to their types here, once, rather than by a parse in each row
        // record: a row or a parameter then holds the type itself, whichever query reads the column,
        // and its spelling comes from the type's mapping class alone. Without this setting Dapper
        // would bind an enum as its number and read one by the member's name, past the handler.
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;
        SqlMapper.AddTypeHandler(new SpelledEnumHandler<UploadState>(UploadStates.Name, UploadStates.Parse));
        SqlMapper.AddTypeHandler(new SpelledEnumHandler<UploadKind>(UploadKinds.Name, UploadKinds.Parse));
        SqlMapper.AddTypeHandler(new SpelledEnumHandler<RunStatus>(RunStatuses.Name, RunStatuses.Parse));
        SqlMapper.AddTypeHandler(new SpelledEnumHandler<AlertLevel>(AlertLevels.Name, AlertLevels.Parse));
    }
}
