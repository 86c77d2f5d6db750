package io.synod.app;

import io.synod.config.SynodConfig;
import io.synod.reputation.mirror.AuditChain;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "Inspect the PostgreSQL audit log.",
        subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            header = "Recompute a tenant's audit hash chain and report its first broken link.",
            description = {"Recompute a tenant's audit hash chain (postgres.url in the configuration) and report the",
                    "first broken link. Exit 0 when intact, 1 when broken."})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "Tenant whose chain to verify.")
        String tenant;

        @Mixin
        ConfigOption configOption;

        @Override
        public Integer call() throws Exception {
            SynodConfig config = configOption.load();
            try (Connection connection = DriverManager.getConnection(config.get("postgres.url"), config.get("postgres.user"),
                    config.getOrBlank("postgres.password"))) {
                AuditChain.Verification result = AuditChain.verify(connection, tenant);
                if (result.intact()) {
                    System.out.printf("audit log of tenant %s: %d rows, chain intact%n", tenant, result.rows());
                    return 0;
                }
                System.out.printf("audit log of tenant %s: broken at row id %d (%s)%n", tenant, result.firstBrokenId(), result.problem());
                return 1;
            }
        }
    }
}
