package io.synod.app;

import io.synod.events.VoteSignatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage agents' Ed25519 signing keys.",
        subcommands = {KeysCommand.Generate.class})
public final class KeysCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            header = "Generate an Ed25519 key pair for an agent.",
            description = {"Generate an Ed25519 key pair for an agent: NAME.key (PKCS#8, base64, readable by the owner only)",
                    "and NAME.pub (X.509, base64). Register the public key with the agent; it must then sign its votes."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--agent", required = true, description = "Agent id, used for the file names.")
        String agent;

        @Option(names = "--out", defaultValue = ".", description = "Directory for the key files (default: current directory).")
        Path out;

        @Override
        public Integer call() throws Exception {
            KeyPair pair = VoteSignatures.generate();
            Files.createDirectories(out);
            Path privateKey = out.resolve(agent + ".key");
            Files.writeString(privateKey, VoteSignatures.encode(pair.getPrivate()) + "\n");
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps the directory's permissions.
            }
            String publicKey = VoteSignatures.encode(pair.getPublic());
            Files.writeString(out.resolve(agent + ".pub"), publicKey + "\n");
            System.out.println(publicKey);
            return 0;
        }
    }
}
