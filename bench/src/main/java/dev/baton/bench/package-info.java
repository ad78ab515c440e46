/** Benchmarks of the control plane against Kafka's own round trip; see BENCHMARKS.md. */
package dev.baton.bench;
