/**
 * One k-means iteration (notes: 部分概念补充 › 1、聚类): assign every point to its nearest centre in Euclidean
 * distance, then move each centre to the mean of its points (Lloyd 1982; Bishop, Pattern Recognition and Machine
 * Learning, §9.1, eqs. 9.2 and 9.4).
 */
import type { Rng } from "../../random";
import { text, withNote, wrong } from "../format";
import type { ExerciseGenerator, GeneratedExercise, WrongAnswer } from "../types";

type Point = [number, number];

const POINT_COUNT = 6;
const COORDINATE_MAX = 10;
const CLUSTERS = 2;
/** Draws are repeated until no point is equidistant from both centres and no cluster is empty. */
const MAX_DRAWS = 200;
/** Used only if every draw was ambiguous; a layout whose assignment is clear. */
const FALLBACK: { points: Point[]; centres: [Point, Point] } = {
  points: [
    [1, 1],
    [2, 3],
    [3, 1],
    [7, 8],
    [8, 6],
    [9, 9],
  ],
  centres: [
    [2, 2],
    [6, 6],
  ],
};

type Metric = (a: Point, b: Point) => number;
const squaredEuclidean: Metric = (a, b) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
const manhattan: Metric = (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);

/** Index of the nearest centre, or -1 on a tie. */
function nearest(point: Point, centres: readonly Point[], metric: Metric): number {
  const [d0, d1] = centres.map((c) => metric(point, c)) as [number, number];
  return d0 === d1 ? -1 : d0 < d1 ? 0 : 1;
}

function meanOf(points: readonly Point[]): Point {
  const n = points.length;
  return [points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n];
}

function drawPoint(rng: Rng): Point {
  return [rng.int(0, COORDINATE_MAX), rng.int(0, COORDINATE_MAX)];
}

function drawLayout(rng: Rng): { points: Point[]; centres: [Point, Point] } {
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const points = Array.from({ length: POINT_COUNT }, () => drawPoint(rng));
    const centres: [Point, Point] = [drawPoint(rng), drawPoint(rng)];
    const labels = points.map((p) => nearest(p, centres, squaredEuclidean));
    const sizes = [0, 1].map((k) => labels.filter((l) => l === k).length);
    if (!labels.includes(-1) && sizes.every((s) => s > 0)) return { points, centres };
  }
  return FALLBACK;
}

function pointText(p: Point): string {
  return `(${p[0]}, ${p[1]})`;
}

function generateKMeansStep(rng: Rng): GeneratedExercise {
  const { points, centres } = drawLayout(rng);
  const cluster = rng.int(0, CLUSTERS - 1);
  const labels = points.map((p) => nearest(p, centres, squaredEuclidean));
  const members = points.filter((_, i) => labels[i] === cluster);
  const others = points.filter((_, i) => labels[i] !== cluster);
  const value = meanOf(members);
  const centre = centres[cluster] as Point;
  const name = `\\mu_${cluster + 1}`;
  const wrongs: WrongAnswer[] = [
    wrong(
      meanOf([...members, centre]),
      "旧中心不是样本点：新中心只是分到这一簇的样本的均值。",
      "The old centre is not a data point: the new centre is the mean of the points assigned to the cluster only.",
    ),
    wrong(
      meanOf(points),
      "这是全部点的均值：要先把每个点分给最近的中心，再对这一簇的点求均值。",
      "That is the mean of all points: first assign each point to its nearest centre, then average this cluster's points.",
    ),
    wrong(
      meanOf(others),
      `这是另一簇的新中心；题目问的是 μ${cluster + 1}。`,
      `That is the other cluster's new centre; the question asks for μ${cluster + 1}.`,
    ),
  ];
  const byManhattan = points.filter((p) => nearest(p, centres, manhattan) === cluster);
  const tiesByManhattan = points.some((p) => nearest(p, centres, manhattan) === -1);
  if (byManhattan.length > 0 && !tiesByManhattan) {
    wrongs.push(
      wrong(
        meanOf(byManhattan),
        "你按曼哈顿距离（L1）分配了样本；k-means 用欧氏距离。",
        "You assigned the points by Manhattan (L1) distance; k-means uses Euclidean distance.",
      ),
    );
  }
  const listed = points.map((p, i) => `x_{${i + 1}} = ${pointText(p)}`).join(",\\ ");
  return {
    params: { points, centres, cluster },
    prompt: withNote(
      text(
        `$k = 2$ 的 k-means，样本点为 $${listed}$，当前中心 $\\mu_1 = ${pointText(centres[0])}$、$\\mu_2 = ${pointText(centres[1])}$。做一次迭代（按欧氏距离分配，再更新中心）后，$${name}$ 是多少？输入两个数，如 \`[1.5, 2]\`。`,
        `k-means with $k = 2$ on the points $${listed}$, with current centres $\\mu_1 = ${pointText(centres[0])}$ and $\\mu_2 = ${pointText(centres[1])}$. After one iteration (assign by Euclidean distance, then update the centres), what is $${name}$? Type two numbers, e.g. \`[1.5, 2]\`.`,
      ),
    ),
    answer: { value, kind: "real" },
    hints: [
      text(
        "分配：比较每个点到两个中心的距离（比较距离的平方即可），归到近的那一簇。",
        "Assign: compare each point's distance to the two centres (squared distances suffice) and put it in the nearer cluster.",
      ),
      text(
        "更新：新中心是这一簇所有点的坐标均值。",
        "Update: the new centre is the coordinate-wise mean of the cluster's points.",
      ),
    ],
    solution: [
      text(
        `分到 $${name}$ 的点：$${members.map(pointText).join(",\\ ")}$`,
        `Points assigned to $${name}$: $${members.map(pointText).join(",\\ ")}$`,
      ),
      text(
        `$${name} = \\left(\\dfrac{${members.map((p) => p[0]).join(" + ")}}{${members.length}},\\ \\dfrac{${members.map((p) => p[1]).join(" + ")}}{${members.length}}\\right) = (${value.map((v) => Number(v.toFixed(6))).join(",\\ ")})$`,
        `$${name} = \\left(\\dfrac{${members.map((p) => p[0]).join(" + ")}}{${members.length}},\\ \\dfrac{${members.map((p) => p[1]).join(" + ")}}{${members.length}}\\right) = (${value.map((v) => Number(v.toFixed(6))).join(",\\ ")})$`,
      ),
    ],
    wrongAnswers: wrongs,
    answerForms: [
      `[(${members.map((p) => p[0]).join(" + ")})/${members.length}, (${members.map((p) => p[1]).join(" + ")})/${members.length}]`,
    ],
  };
}

export const CLUSTERING_GENERATORS: ExerciseGenerator[] = [
  {
    info: {
      id: "kmeans-step",
      topic: "clustering",
      chapter: "concepts",
      title: text("k-means 的一次分配与更新", "One k-means assignment and update"),
      source: "部分概念补充 › 1、聚类",
    },
    generate: generateKMeansStep,
  },
];
