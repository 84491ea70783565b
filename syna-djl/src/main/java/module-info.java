/**
 * A Deep Java Library {@code RandomAccessDataset} over Syna's tensor engine: batches of rows of
 * stored tensors as {@code NDArray}s, for DJL's trainers and any DJL engine. DJL's jars are automatic
 * modules, so this module runs on a class or module path but cannot go into a jlink image.
 */
module syna.djl {
    requires transitive syna.tensor; // SynaDataset.builder(TensorEngine)
    requires transitive ai.djl.api; // the dataset is a DJL type

    exports syna.djl;
}
