/** The console's side of the deployer's REST API: scale requests from the operator's page. */
package io.numbat.console.deploy;
