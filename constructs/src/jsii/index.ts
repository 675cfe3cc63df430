// flinkstack's bridge into cdk8s. Java builds every Kubernetes object itself (fabric8 model) and hands
// a construct's objects to cdk8s in ONE JSII call as a JSON string: JSII charges ~100 µs per round trip
// and only passes declared struct fields, so an ApiObject per call (plus JSON patches for `spec`) is
// slow and lossy. `prepareApp` is the app-level step of cdk8s' App.synth() done once for the whole
// app (App.synth() re-runs app-wide validation and dependency inference for every chart, which grows
// quadratically with the number of charts). It returns JSON, not YAML: the `yaml` package takes ~75% of
// synthesis time, so Java writes the YAML for documents it can write identically and hands the rest
// back to `stringifyYaml`. Re-check both against cdk8s' lib/app.js and lib/yaml.js on every upgrade.
import { ApiObject, App, Chart, DependencyGraph, Names, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/**
 * A construct that is created together with its Kubernetes objects, in one JSII call (a Java subclass
 * passes the objects to its super constructor).
 */
export class ManifestObjects extends Construct {
  /**
   * @param scope the parent construct
   * @param id the construct id
   * @param objectsJson a JSON array of complete Kubernetes objects, added as with ManifestBatch.addObjects
   */
  constructor(scope: Construct, id: string, objectsJson: string) {
    super(scope, id);
    ManifestBatch.addObjects(this, objectsJson);
  }
}

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
   * Prepares the whole app for synthesis as cdk8s' App.synth() does (validation, dependency inference,
   * chart order, file names for YamlOutputType.FILE_PER_CHART) and remembers the result for chartsJson.
   *
   * @returns the number of charts
   */
  public static prepareApp(app: App): number {
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
    const files = charts.map((chart, index) => {
      const label = Names.toDnsLabel(chart);
      const name = hasDependantCharts ? `${index.toString().padStart(4, '0')}-${label}` : label;
      return `${name}${app.outputFileExtension}`;
    });
    PREPARED.set(app, { charts, files });
    return charts.length;
  }

  /**
   * The synthesized objects of charts [start, start + count) of an app prepared with prepareApp. Called in
   * slices so that Java writes YAML for one slice while cdk8s renders the next.
   *
   * @returns a JSON array of {"file": "<chart>.k8s.yaml", "objects": [<ApiObject.toJson()>...]}
   */
  public static chartsJson(app: App, start: number, count: number): string {
    const prepared = PREPARED.get(app);
    if (!prepared) {
      throw new Error('call prepareApp(app) first');
    }
    const result = [];
    for (let i = start; i < Math.min(start + count, prepared.charts.length); i++) {
      const chart = prepared.charts[i];
      const objects = new DependencyGraph(chart.node).topology()
        .filter(ApiObject.isApiObject)
        .map(x => x as ApiObject)
        .filter(x => Chart.of(x) === chart)
        .map(x => x.toJson());
      result.push({ file: prepared.files[i], objects });
    }
    return JSON.stringify(result);
  }

  /** Forgets what prepareApp remembered about the app. */
  public static releaseApp(app: App): void {
    PREPARED.delete(app);
  }

  /**
   * cdk8s' own YAML writer (what App.synth() writes into a chart's file).
   *
   * @param documentsJson a JSON array of the documents
   */
  public static stringifyYaml(documentsJson: string): string {
    return Yaml.stringify(...JSON.parse(documentsJson));
  }
}

const PREPARED = new WeakMap<App, { charts: Chart[]; files: string[] }>();

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
