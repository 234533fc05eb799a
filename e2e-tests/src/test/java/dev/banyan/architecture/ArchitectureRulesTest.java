package dev.banyan.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module rules of shared/design/ARCHITECTURE.md, checked on the compiled classes of every
 * module. A violation fails the build with the rule and the reason it exists.
 */
@AnalyzeClasses(
    packages = "dev.banyan",
    importOptions = {ImportOption.DoNotIncludeTests.class})
class ArchitectureRulesTest {

  @ArchTest
  static final ArchRule cliNeverUsesEngineOrAgentCode =
      noClasses()
          .that()
          .resideInAPackage("dev.banyan.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.banyan.engine..", "dev.banyan.agent..", "dev.banyan.vpc..")
          .because(
              "the CLI talks to engines only through the versioned gRPC contracts, so it can be"
                  + " upgraded and shipped on its own");

  @ArchTest
  static final ArchRule schedulerNeverSeesEtcd =
      noClasses()
          .that()
          .resideInAPackage("dev.banyan.engine.scheduler..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.etcd..", "io.grpc..")
          .because(
              "scheduling is a pure function of a cluster snapshot, tested with plain records;"
                  + " storage types must not leak into it");

  @ArchTest
  static final ArchRule agentsHoldNoEtcdAccess =
      noClasses()
          .that()
          .resideInAnyPackage("dev.banyan.agent..", "dev.banyan.vpc..", "dev.banyan.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.etcd..")
          .because(
              "only engines talk to etcd: a compromised worker must not be able to rewrite cluster"
                  + " state, and agents must be able to reconnect to any engine");

  @ArchTest
  static final ArchRule engineAndAgentStayApart =
      noClasses()
          .that()
          .resideInAPackage("dev.banyan.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.banyan.agent..", "dev.banyan.cli..")
          .because("engine and agent meet only through the gRPC contracts in banyan-proto");

  @ArchTest
  static final ArchRule agentDoesNotUseEngineCode =
      noClasses()
          .that()
          .resideInAPackage("dev.banyan.agent..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.banyan.engine..", "dev.banyan.cli..")
          .because("engine and agent meet only through the gRPC contracts in banyan-proto");

  @ArchTest
  static final ArchRule sharedModulesDependOnNothingAbove =
      noClasses()
          .that()
          .resideInAnyPackage("dev.banyan.common..", "dev.banyan.proto..", "dev.banyan.vpc..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.banyan.engine..", "dev.banyan.agent..", "dev.banyan.cli..")
          .because(
              "banyan-common, banyan-proto and banyan-vpc are libraries the binaries build on");

  @ArchTest
  static final ArchRule commonDoesNotUseVpc =
      noClasses()
          .that()
          .resideInAnyPackage("dev.banyan.common..", "dev.banyan.proto..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.banyan.vpc..")
          .because("banyan-vpc depends on banyan-common, never the other way round");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices()
          .matching("dev.banyan.(**)")
          .should()
          .beFreeOfCycles()
          .because("package cycles make a codebase impossible to understand one part at a time");
}
