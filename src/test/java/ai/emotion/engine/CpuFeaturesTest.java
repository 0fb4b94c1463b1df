package ai.emotion.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The CPU line a failed self-check logs: which int8-relevant x86 features /proc/cpuinfo lists. */
class CpuFeaturesTest {
    @Test
    void namesTheFeaturesPresentAndAbsent() {
        List<String> avx2Only = List.of("processor\t: 0", "model name\t: AMD EPYC 7B12",
                "flags\t\t: fpu sse2 avx avx2 fma", "", "processor\t: 1", "flags\t\t: fpu sse2 avx avx2 fma");
        assertEquals("AMD EPYC 7B12: has avx2; lacks avx512f, avx512_vnni, avx_vnni, amx_tile",
                CpuFeatures.describe(avx2Only));
        assertEquals("has avx2, avx512f, avx512_vnni, avx_vnni, amx_tile; lacks none", CpuFeatures.describe(
                List.of("flags : avx2 avx512f avx512_vnni avx_vnni amx_tile amx_int8")));
    }

    @Test
    void unknownWithoutAFlagsLine() {
        assertEquals("unknown", CpuFeatures.describe(List.of("processor : 0", "Features : fp asimd")));
    }
}
