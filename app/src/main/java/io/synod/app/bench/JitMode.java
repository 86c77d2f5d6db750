package io.synod.app.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Which of HotSpot's compilers this JVM runs, for a bench's settings line. On two cores the client
 * compiler alone and tiered compilation give different figures for the same build (decisions 0044
 * and 0104), so a figure is read with the compiler that produced it.
 */
final class JitMode {
    private JitMode() {
    }

    static String current() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return describe(Boolean.parseBoolean(hotspot.getVMOption("TieredCompilation").getValue()),
                    Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()));
        } catch (RuntimeException notHotSpot) {
            return "unknown";
        }
    }

    /** Levels 1 to 3 are the client compiler's; level 4 is the optimizing one. */
    static String describe(boolean tiered, int stopAtLevel) {
        if (!tiered) {
            return "C2 only";
        }
        return stopAtLevel < 4 ? "C1 only" : "tiered C1+C2";
    }
}
