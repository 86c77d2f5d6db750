package io.synod.app;

import io.synod.config.SynodConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command shares: code defaults, then this file, then SYNOD_* variables. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file overriding the defaults; SYNOD_* environment variables override it.")
    Path file;

    public SynodConfig load() {
        return SynodConfig.load(file);
    }
}
