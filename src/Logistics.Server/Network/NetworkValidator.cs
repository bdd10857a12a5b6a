using System.Globalization;
using Logistics.Domain.Handling;
using Logistics.Server.Ingest;

namespace Logistics.Server.Network;

/// <summary>
/// Checks a whole network file against itself and the database: every bad line is reported,
/// and one bad line rejects the file.
/// </summary>
internal static class NetworkValidator
{
    /// <summary>The rows that passed their own checks; every problem of every row goes into <paramref name="errors"/>.</summary>
    public static IReadOnlyList<NetworkRow> Validate(CsvTable table, NetworkSnapshot db, ErrorReport errors)
    {
        var rows = new List<NetworkRow>();
        var firstLine = new Dictionary<(string Kind, string Code), long>();

        foreach (var r in table.Rows)
        {
            if (r.Fields.Length != table.Header.Count)
            {
                errors.Add(new RowError(r.Line, "", null, LineRule.FieldCount, $"expected {table.Header.Count} fields, found {r.Fields.Length}"));
                continue;
            }
            var kind = r["kind"];
            var code = r["code"];
            if (!NetworkRow.Kinds.Contains(kind))
            {
                errors.Add(new RowError(r.Line, "kind", kind, kind.Length == 0 ? LineRule.MissingValue : LineRule.UnknownKind, Ingest.DidYouMean.Append($"unknown kind: expected one of {string.Join(", ", NetworkRow.Kinds)}", Ingest.DidYouMean.Keyword(kind, NetworkRow.Kinds))));
                continue;
            }
            if (!Codes.IsValid(code, allowPair: kind is "lane" or "merchant_warehouse"))
            {
                errors.Add(new RowError(r.Line, "code", code, code.Length == 0 ? LineRule.MissingValue : LineRule.InvalidCode, Codes.Rule));
                continue;
            }
            if (kind is "lane" or "merchant_warehouse" && !code.Contains('>'))
            {
                errors.Add(new RowError(r.Line, "code", code, LineRule.PairCode, kind == "lane" ? "a lane's code is WAREHOUSE>HUB" : "a merchant_warehouse's code is MERCHANT>WAREHOUSE"));
                continue;
            }
            if (firstLine.TryGetValue((kind, code), out var earlier))
            {
                errors.Add(new RowError(r.Line, "code", code, LineRule.DuplicateCode, $"duplicate {kind} code (first on line {earlier})"));
                continue;
            }
            firstLine[(kind, code)] = r.Line;

            int? transit = null;
            var transitText = r["transit_hours"];
            if (transitText.Length > 0)
            {
                if (kind != "lane")
                    errors.Add(new RowError(r.Line, "transit_hours", transitText, LineRule.NotApplicable, "only lanes have a transit time"));
                else if (!int.TryParse(transitText, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || t > 720)
                    errors.Add(new RowError(r.Line, "transit_hours", transitText, LineRule.ForNumber(transitText), "transit_hours must be a whole number of hours from 0 to 720"));
                else transit = t;
            }
            HandlingClass? handling = null;
            var handlingText = r["handling"];
            if (kind == "category")
            {
                // Unclassed, a category is a parcel: the column may be left empty.
                if (handlingText.Length == 0) handling = HandlingClass.Parcel;
                else if (HandlingClasses.TryParse(handlingText, out var c)) handling = c;
                else errors.Add(new RowError(r.Line, "handling", handlingText, LineRule.UnknownHandling,
                    DidYouMean.Append($"unknown handling class: expected one of {string.Join(", ", HandlingClasses.Names)}", DidYouMean.Keyword(handlingText, HandlingClasses.Names))));
            }
            else if (handlingText.Length > 0)
                // A hub's bulky line is declared by its carrier's bulky_sort capacity, nothing else.
                errors.Add(new RowError(r.Line, "handling", handlingText, LineRule.NotApplicable,
                    kind == "hub" ? "only categories have a handling class (a hub has a bulky line when its carrier uploads bulky_sort capacity for it)" : "only categories have a handling class"));
            var name = r["name"];
            if (name.Length > 200)
                errors.Add(new RowError(r.Line, "name", name[..40] + "…", LineRule.ValueTooLong, "a name is at most 200 characters"));
            rows.Add(new NetworkRow(r.Line, kind, code, name, r["parent"], r["region"], transit, handling));
        }

        CheckReferences(rows, db, errors);
        return rows;
    }

    private static void CheckReferences(List<NetworkRow> rows, NetworkSnapshot db, ErrorReport errors)
    {
        HashSet<string> InFile(string kind) => rows.Where(x => x.Kind == kind).Select(x => x.Code).ToHashSet();
        var carriers = InFile("carrier").Concat(db.Carriers).ToHashSet();
        var warehouses = InFile("warehouse").Concat(db.Warehouses).ToHashSet();
        var merchants = InFile("merchant").Concat(db.Merchants).ToHashSet();
        var regions = InFile("region").Concat(db.Regions).ToHashSet();
        var hubCarrier = new Dictionary<string, string>(db.HubCarrier);
        foreach (var h in rows.Where(x => x.Kind == "hub")) hubCarrier[h.Code] = h.Parent;
        // Each kind's codes by their letters in any case, built the first time a parent of that kind is missing.
        var anyCase = new Dictionary<string, Dictionary<string, string>>();

        RowError MissingParent(NetworkRow r, string column, string value, string what, string code, IEnumerable<string> known)
        {
            if (!anyCase.TryGetValue(what, out var map)) anyCase[what] = map = DidYouMean.AnyCase(known);
            return new(r.Line, column, value, LineRule.MissingParent,
                DidYouMean.Append($"missing parent: no {what} '{code}' in this file or the database", DidYouMean.OtherCase(code, map)));
        }

        void Need(NetworkRow r, string column, string value, HashSet<string> known, string what)
        {
            if (value.Length == 0) errors.Add(new RowError(r.Line, column, value, LineRule.MissingValue, $"a {r.Kind} needs its {what}"));
            else if (!known.Contains(value)) errors.Add(MissingParent(r, column, value, what, value, known));
        }
        void Empty(NetworkRow r, string column, string value)
        {
            if (value.Length > 0) errors.Add(new RowError(r.Line, column, value, LineRule.NotApplicable, $"a {r.Kind} has no {column}"));
        }
        void OptionalRegion(NetworkRow r)
        {
            if (r.Region.Length > 0 && !regions.Contains(r.Region))
                errors.Add(MissingParent(r, "region", r.Region, "region", r.Region, regions));
        }

        foreach (var r in rows)
        {
            switch (r.Kind)
            {
                case "carrier" or "region" or "category":
                    Empty(r, "parent", r.Parent);
                    Empty(r, "region", r.Region);
                    break;
                case "hub":
                    Need(r, "parent", r.Parent, carriers, "carrier");
                    OptionalRegion(r);
                    break;
                case "warehouse" or "merchant":
                    Empty(r, "parent", r.Parent);
                    OptionalRegion(r);
                    break;
                case "lane":
                {
                    var (warehouse, hub) = r.Pair;
                    Need(r, "parent", r.Parent, carriers, "carrier");
                    if (!warehouses.Contains(warehouse))
                        errors.Add(MissingParent(r, "code", r.Code, "warehouse", warehouse, warehouses));
                    if (!hubCarrier.TryGetValue(hub, out var owner))
                        errors.Add(MissingParent(r, "code", r.Code, "hub", hub, hubCarrier.Keys));
                    else if (r.Parent.Length > 0 && owner != r.Parent)
                        errors.Add(new RowError(r.Line, "parent", r.Parent, LineRule.LaneCarrierMismatch, $"hub '{hub}' belongs to carrier '{owner}', not '{r.Parent}'"));
                    Empty(r, "region", r.Region);
                    break;
                }
                case "merchant_warehouse":
                {
                    var (merchant, warehouse) = r.Pair;
                    if (!merchants.Contains(merchant))
                        errors.Add(MissingParent(r, "code", r.Code, "merchant", merchant, merchants));
                    if (!warehouses.Contains(warehouse))
                        errors.Add(MissingParent(r, "code", r.Code, "warehouse", warehouse, warehouses));
                    Empty(r, "parent", r.Parent);
                    Empty(r, "region", r.Region);
                    break;
                }
            }
        }
    }

}
