package io.synod.keys;

/**
 * Record keys. Everything about a proposal is keyed {@code tenant/proposalId}, everything about an
 * agent {@code tenant/agentId}, so all of a proposal's topics are co-partitioned.
 */
public final class Keys {
    public static final String DEFAULT_TENANT = "default";
    private static final char SEPARATOR = '/';

    private Keys() {
    }

    public static String of(String tenant, String id) {
        return tenant + SEPARATOR + id;
    }

    public static String tenantOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? DEFAULT_TENANT : key.substring(0, at);
    }

    public static String idOf(String key) {
        int at = key.indexOf(SEPARATOR);
        return at < 0 ? key : key.substring(at + 1);
    }

    /** Prefix of every key of one tenant, for prefix scans of agent stores. */
    public static String tenantPrefix(String tenant) {
        return tenant + SEPARATOR;
    }

    /**
     * Why an identifier is unusable, or null when it is fine. Tenants may not contain the key
     * separator; no identifier may contain control characters, which the stores use as separators.
     */
    public static String problemWithTenant(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            return "tenant is empty";
        }
        if (tenant.indexOf(SEPARATOR) >= 0) {
            return "tenant contains '/'";
        }
        return problemWithId("tenant", tenant);
    }

    public static String problemWithId(String what, String id) {
        if (id == null || id.isEmpty()) {
            return what + " is empty";
        }
        if (id.length() > 256) {
            return what + " is longer than 256 characters";
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return what + " contains a control character";
            }
        }
        return null;
    }
}
