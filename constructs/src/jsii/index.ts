// flinkstack's bridge into cdk8s. Java builds every Kubernetes object itself (fabric8 model) and hands
// a construct's objects to cdk8s in ONE JSII call as a JSON string: JSII charges ~100 µs per round trip
// and only passes declared struct fields, so an ApiObject per call (plus JSON patches for `spec`) is
// slow and lossy. `synthesizeApp` is the app-level step of cdk8s' App.synth() done once for the whole
// app (App.synth() re-runs app-wide validation and dependency inference for every chart, which grows
// quadratically with the number of charts). Re-check it against cdk8s' lib/app.js on every upgrade.
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

export class ManifestBatch {
  /**
   * Adds every object of a JSON array as an ApiObject under `scope`, with the id `Kind-name`.
   *
   * @param scope the construct the objects belong to
   * @param objectsJson a JSON array of complete Kubernetes objects (apiVersion, kind, metadata.name set)
   * @returns how many objects were added
   */
  public static addObjects(scope: Construct, objectsJson: string): number {
    const objects = JSON.parse(objectsJson);
    if (!Array.isArray(objects)) {
      throw new Error('objectsJson must be a JSON array');
    }
    for (const body of objects) {
      new ApiObject(scope, `${body.kind}-${body.metadata.name}`, body);
    }
    return objects.length;
  }

  /**
   * Synthesizes the whole app as cdk8s' App.synth() does with YamlOutputType.FILE_PER_CHART, without
   * writing files.
   *
   * @returns a JSON array of {"file": "<chart>.k8s.yaml", "objects": N, "kinds": [...], "yaml": "..."},
   *          one per chart, in cdk8s' chart order
   */
  public static synthesizeApp(app: App): string {
    const all = app.node.findAll();
    const errors: string[] = [];
    for (const c of all) {
      for (const e of c.node.validate()) {
        errors.push(`[${c.node.path}] ${e}`);
      }
    }
    if (errors.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
    const hasDependantCharts = resolveDependencies(all);
    const charts = new DependencyGraph(app.node).topology().filter(isChart) as Chart[];
    const result = [];
    let index = 0;
    for (const chart of charts) {
      const label = Names.toDnsLabel(chart);
      const name = hasDependantCharts ? `${(index++).toString().padStart(4, '0')}-${label}` : label;
      const objects = new DependencyGraph(chart.node).topology()
        .filter(ApiObject.isApiObject)
        .map(x => x as ApiObject)
        .filter(x => Chart.of(x) === chart)
        .map(x => x.toJson());
      const kinds = Array.from(new Set(objects.map(o => String(o.kind)))).sort();
      result.push({ file: `${name}${app.outputFileExtension}`, objects: objects.length, kinds, yaml: Yaml.stringify(...objects) });
    }
    return JSON.stringify(result);
  }
}

function isChart(x: IConstruct): boolean {
  return Chart.isChart(x);
}

// The same three passes as cdk8s' resolveDependencies, over a node list computed once.
function resolveDependencies(all: IConstruct[]): boolean {
  let hasDependantCharts = false;
  for (const parent of all.filter(isChart)) {
    for (const child of parent.node.children.filter(isChart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  const deps: { source: IConstruct; target: IConstruct }[] = [];
  for (const child of all) {
    for (const dep of child.node.dependencies) {
      deps.push({ source: child, target: dep });
    }
  }
  for (const dep of deps) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    if (sourceChart !== targetChart) {
      sourceChart.node.addDependency(targetChart);
      hasDependantCharts = true;
    }
  }
  for (const dep of deps) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const targets = dep.target.node.findAll().filter(ApiObject.isApiObject).filter(x => Chart.of(x) === targetChart);
    const sources = dep.source.node.findAll().filter(ApiObject.isApiObject).filter(x => Chart.of(x) === sourceChart);
    for (const target of targets) {
      for (const source of sources) {
        if (target !== source) {
          source.node.addDependency(target);
        }
      }
    }
  }
  return hasDependantCharts;
}
