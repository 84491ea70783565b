/**
 * Fault injection for storage tests.
 *
 * <p>A {@link syna.tests.fault.FaultInjector} wraps the {@link java.nio.channels.FileChannel}s an
 * engine opens (engines take a channel opener for tests) and can
 * <ul>
 *   <li>fail every write from the N-th on ("the process died at write N"),</li>
 *   <li>tear that N-th write after a given number of bytes (a partial write reached the file),</li>
 *   <li>simulate a power loss: every file is cut back to the length it had at its last
 *       {@code force}, dropping data that only ever reached the page cache.</li>
 * </ul>
 * {@link syna.tests.fault.BitFlips} damages files at rest: it flips bits at given or random offsets
 * and copies a closed database so that the damage goes into the copy.
 *
 * <p>The power-loss model assumes files are appended to, which holds for logs; a file's length when
 * the injector first opened it counts as durable.
 */
package syna.tests.fault;
