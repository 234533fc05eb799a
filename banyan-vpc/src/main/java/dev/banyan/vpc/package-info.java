/** Banyan's VPC layer: per-node subnets (IPAM), CNI bridge config, service DNS, routes. */
package dev.banyan.vpc;
