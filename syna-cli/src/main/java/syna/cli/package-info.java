/**
 * The {@code syna} command line tool: {@link syna.cli.SynaCli}. Commands live in the unexported
 * {@code syna.cli.internal}; this is the only package that touches {@code System.out}.
 */
package syna.cli;
