/**
 * Processes that react to facts of one aggregate with commands to another (the write side's sagas): durable, in the
 * event store's order, their memory and the commands they send in the transaction that moves their token. They do
 * I/O (their memory is a table), so they live apart from the aggregates, which decide without any.
 */
package io.darktower.commands.processes;
