package io.synod.app.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real full disk for one instance: its state directory on a small tmpfs of its own (where the
 * machine lets us mount one: root with CAP_SYS_ADMIN), filled to the last byte by a filler file
 * and freed again by deleting it. Elsewhere the fault is skipped and the report says so.
 */
final class SmallDisk {
    private static final String FILLER = "chaos-disk-filler";

    private SmallDisk() {
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir}; false when this machine does not allow it. */
    static boolean mount(Path dir, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "synod-chaos", dir.toString()) == 0;
    }

    static void unmount(Path dir) {
        try {
            run("umount", "-l", dir.toString());
        } catch (IOException | InterruptedException e) {
            // Nothing more to do: a lazy unmount failing means it is gone already.
        }
    }

    /** Writes the filler until the file system refuses; returns how many bytes it took. */
    static long fill(Path dir) throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER))) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // Small writes fit in the last partial block: fill those too.
        try (OutputStream out = Files.newOutputStream(dir.resolve(FILLER + "-tail"))) {
            while (true) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            return written;
        }
    }

    static void free(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
        Files.deleteIfExists(dir.resolve(FILLER + "-tail"));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
