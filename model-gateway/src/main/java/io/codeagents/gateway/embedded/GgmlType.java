package io.codeagents.gateway.embedded;

/**
 * Storage sizes of ggml tensor types (block of elements → bytes), as ggml defines them, so the size of a tensor's data
 * can be checked against the file without loading it.
 */
final class GgmlType {

    /** {elements per block, bytes per block} by type id; {0, 0} for ids ggml retired or this table does not know. */
    private static final int[][] BLOCKS = {
            {1, 4}, {1, 2}, {32, 18}, {32, 20}, {0, 0}, {0, 0}, {32, 22}, {32, 24}, {32, 34}, {32, 36}, // F32 … Q8_1
            {256, 84}, {256, 110}, {256, 144}, {256, 176}, {256, 210}, {256, 292}, // Q2_K … Q8_K
            {256, 66}, {256, 74}, {256, 98}, {256, 50}, {32, 18}, {256, 110}, {256, 82}, {256, 136}, // IQ2_XXS … IQ4_XS
            {1, 1}, {1, 2}, {1, 4}, {1, 8}, {1, 8}, {256, 56}, {1, 2}, // I8, I16, I32, I64, F64, IQ1_M, BF16
            {0, 0}, {0, 0}, {0, 0}, {256, 54}, {256, 66}}; // (retired Q4_0_4_4 …), TQ1_0, TQ2_0

    private GgmlType() {
    }

    /** Bytes of {@code elements} elements of {@code type}, or -1 for a type this table does not know. */
    static long bytes(int type, long elements) {
        if (type < 0 || type >= BLOCKS.length || BLOCKS[type][0] == 0) {
            return -1;
        }
        int[] block = BLOCKS[type];
        return (elements + block[0] - 1) / block[0] * block[1];
    }
}
