package dev.banyan.engine.scheduler;

import java.util.Comparator;

/** Orders the feasible nodes for a task: the first one gets it. */
public interface NodeScorer {
  Comparator<NodeInfo> order(TaskRequest task, NodeLoad load);
}
