package syna.api;


/**
 * Where a vector store's index stands. A search never waits for the index: while it covers only part of the
 * vectors, the rest are searched exactly, so results are complete whatever the state. Immutable; thread-safe.
 *
 * @param state what the index is doing
 * @param provider the index provider's name ({@code flat} while the store searches exactly)
 * @param indexed vectors the index covers
 * @param total live vectors in the store
 * @param remainingMillis estimated milliseconds until the index covers every vector: 0 when it does, -1 when
 *     unknown (too early to tell, or not building)
 * @param memoryBytes bytes the index itself holds (its graph or lists; the vectors are the store's), 0 without one
 * @param detail a line for people: why the store is exact, or what failed; empty when nothing to say
 */
public record IndexStatus(State state, String provider, long indexed, long total, long remainingMillis, long memoryBytes,
        String detail) {
    /** What the index is doing. Append only: never reorder. */
    public enum State {
        /** No index: the store is below its threshold or has no index provider; searches are exact. */
        EXACT,
        /** The index is being built or is catching up in the background; searches cover the rest exactly. */
        BUILDING,
        /** The index covers every vector. */
        READY,
        /** Background indexing failed ({@link #detail()} says why); searches stay exact-complete, a later write retries. */
        FAILED
    }

    /** Validates. */
    public IndexStatus {
        syna.api.internal.Checks.notNull(state, "state");
        syna.api.internal.Checks.notNull(provider, "provider");
        syna.api.internal.Checks.notNull(detail, "detail");
        if (indexed < 0 || total < 0 || remainingMillis < -1 || memoryBytes < 0) {
            throw new InvalidArgumentException("bad index status: indexed " + indexed + ", total " + total
                    + ", remaining " + remainingMillis + " ms, memory " + memoryBytes);
        }
    }

    /** Whether the index covers every vector (or there is none to build). */
    public boolean complete() {
        return state == State.READY || state == State.EXACT;
    }

    @Override
    public String toString() {
        return state + " " + provider + " " + indexed + "/" + total
                + (remainingMillis > 0 ? ", ~" + (remainingMillis + 999) / 1000 + " s left" : "")
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
