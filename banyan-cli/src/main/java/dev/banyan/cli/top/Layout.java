package dev.banyan.cli.top;

/**
 * How many screen rows each pane gets (each includes its title row): the log pane a third when
 * shown, nodes a quarter of the rest at most, then services and containers share what remains, none
 * taking more than it has rows to show.
 */
record Layout(int nodes, int services, int containers, int logs) {
  static Layout of(TopModel model, int body) {
    int logs = model.ui().logsShown() ? Math.max(3, body / 3) : 0;
    int rest = body - logs;
    int nodesWant = 1 + Math.max(1, model.visible().nodes().size());
    int servicesWant = 1 + Math.max(1, model.visible().services().size());
    int containersWant = 1 + Math.max(1, model.visible().containers().size());
    int nodes = Math.min(nodesWant, Math.max(2, rest / 4));
    int shared = rest - nodes;
    int services = Math.min(servicesWant, Math.max(2, shared / 2));
    int containers = shared - services;
    if (containers > containersWant) {
      services = Math.min(servicesWant, shared - containersWant);
      containers = shared - services;
    }
    if (logs > 0) {
      // Rows the tables cannot use go to the logs.
      int unused = Math.max(0, containers - containersWant);
      containers -= unused;
      logs += unused;
    }
    return new Layout(nodes, services, containers, logs);
  }
}
