/**
 * Model registry and experiment tracking on a Syna {@link syna.api.Database}.
 *
 * <p>{@link syna.mlops.ModelRegistry} stores model versions as chunks of at most
 * {@link syna.mlops.ModelRegistryOptions#chunkSize()} bytes and commits each version with one
 * atomic manifest write, so a crash mid-save never shows half a version. Every load checks the
 * recorded digest ({@link syna.mlops.DigestAlgorithm}). Stages ({@link syna.mlops.Stage}), aliases
 * and tags follow MLflow 2.9; every stage or alias change is kept as a {@link syna.mlops.RegistryEvent}.
 *
 * <p>{@link syna.mlops.ExperimentTracker} keeps runs with write-once params, metric series (one
 * value per step, read back as primitive arrays) and artifacts. Lookups go through maintained
 * index keys read by point lookups; nothing scans the whole key space.
 *
 * <p>Tables, JSON and CSV for the {@code syna} command are rendered by the CLI, not here.
 */
package syna.mlops;
