using System.Runtime.CompilerServices;
using Dapper;

namespace Logistics.Server.Storage;

internal static class DapperConventions
{
    // Columns are snake_case, records PascalCase; set once before any query, whoever runs first.
#pragma warning disable CA2255 // this is the application, not a library
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
