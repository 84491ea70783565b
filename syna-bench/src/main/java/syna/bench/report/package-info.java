/** Machine description, result rows, console tables and the CSV file of a benchmark run. */
package syna.bench.report;
