package io.synod.app.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code tenant} label value for a tenant: its own name for the first {@code max} tenants seen,
 * {@value #OTHER} after that, so a flood of tenants (or of bad tenant names) cannot multiply the
 * number of series Prometheus has to keep.
 */
public final class TenantTags {
    public static final String OTHER = "_other";
    public static final String NONE = "_none";

    private final int max;
    private final Set<String> named = ConcurrentHashMap.newKeySet();

    public TenantTags(int max) {
        this.max = Math.max(0, max);
    }

    public String of(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            return NONE;
        }
        if (named.contains(tenant)) {
            return tenant;
        }
        synchronized (named) {
            if (named.size() < max) {
                named.add(tenant);
                return tenant;
            }
        }
        return named.contains(tenant) ? tenant : OTHER;
    }
}
