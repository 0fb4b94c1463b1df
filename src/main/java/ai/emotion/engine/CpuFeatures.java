package ai.emotion.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The x86 features that decide which int8 kernels ONNX Runtime runs (U8S8 saturates without VNNI, issue 28), read
 * from /proc/cpuinfo, for the log line of a version that fails its self-check.
 */
public final class CpuFeatures {
    static final List<String> INT8_RELEVANT = List.of("avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx_tile");

    private CpuFeatures() {
    }

    /** E.g. "Intel(R) Xeon(R): has avx2, avx512f; lacks avx512_vnni, avx_vnni, amx_tile"; "unknown" off Linux. */
    public static String describe() {
        try {
            return describe(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String describe(List<String> cpuinfo) {
        Optional<String> flagLine = value(cpuinfo, "flags");
        if (flagLine.isEmpty()) {
            return "unknown";
        }
        Set<String> flags = Set.copyOf(Arrays.asList(flagLine.get().split("\\s+")));
        return value(cpuinfo, "model name").map(m -> m + ": ").orElse("") + "has " + listed(flags::contains)
                + "; lacks " + listed(f -> !flags.contains(f));
    }

    private static String listed(Predicate<String> which) {
        String names = INT8_RELEVANT.stream().filter(which).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }

    /** The value of the first "key : value" line (one per core in /proc/cpuinfo; the first is enough). */
    private static Optional<String> value(List<String> cpuinfo, String key) {
        return cpuinfo.stream().map(line -> line.split(":", 2))
                .filter(kv -> kv.length == 2 && kv[0].trim().equals(key)).map(kv -> kv[1].trim()).findFirst();
    }
}
