package io.jdm.api;

/**
 * Options of status, table, deps and wait queries.
 *
 * @param inactiveTable report the loaded-but-not-resumed table ({@code DM_QUERY_INACTIVE_TABLE_FLAG})
 * @param noFlush       ask targets not to flush for this status ({@code DM_NOFLUSH_FLAG}; a thin pool then
 *                      skips its metadata commit)
 */
public record QueryOptions(boolean inactiveTable, boolean noFlush) {
    private static final QueryOptions DEFAULTS = new QueryOptions(false, false);

    public static QueryOptions defaults() {
        return DEFAULTS;
    }

    public QueryOptions withInactiveTable(boolean inactiveTable) {
        return new QueryOptions(inactiveTable, noFlush);
    }

    public QueryOptions withNoFlush(boolean noFlush) {
        return new QueryOptions(inactiveTable, noFlush);
    }
}
