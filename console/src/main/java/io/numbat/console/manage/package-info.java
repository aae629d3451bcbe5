/**
 * The console's side of Manage (issue 14): the top processes of the nodes an operator watches, each node's audit
 * trail of actions, and the answers the console waits for (process queries, actions) as they come back from Kafka.
 * Plain state owned by the console's Vert.x context; the REST routes in {@code io.numbat.console.api} use it.
 */
package io.numbat.console.manage;
