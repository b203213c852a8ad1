package io.jdm.api;

/**
 * Options of {@code DM_TABLE_LOAD}.
 *
 * @param readOnly   load the table read-only ({@code DM_READONLY_FLAG})
 * @param secureData the table holds secrets (crypt keys): the kernel wipes its copies
 *                   ({@code DM_SECURE_DATA_FLAG}), jdm wipes its buffers, and the params never appear
 *                   in an exception message
 */
public record LoadOptions(boolean readOnly, boolean secureData) {
    private static final LoadOptions DEFAULTS = new LoadOptions(false, false);

    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    public LoadOptions withReadOnly(boolean readOnly) {
        return new LoadOptions(readOnly, secureData);
    }

    public LoadOptions withSecureData(boolean secureData) {
        return new LoadOptions(readOnly, secureData);
    }
}
