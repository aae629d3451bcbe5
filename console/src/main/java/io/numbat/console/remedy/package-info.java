/**
 * The console's side of Prevent (issue 15): the latest state of every remediation, as the compacted
 * {@code numbat.remediations} tells it, for the remediations page, the node page and the operator's approvals and
 * rejections. Plain state owned by the console's Vert.x context; the REST routes in {@code io.numbat.console.api}
 * use it.
 */
package io.numbat.console.remedy;
