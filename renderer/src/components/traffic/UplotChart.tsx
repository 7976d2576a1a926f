// One uPlot canvas: created when its shape changes (series, colours), fed new data in place,
// sized to its box by a ResizeObserver, destroyed on unmount. uPlot draws on a canvas, so the
// caller also gives a text summary for screen readers.

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export function UplotChart({ options, data, shape, height, label }: { options: (width: number) => uPlot.Options; data: uPlot.AlignedData; shape: string; height: number; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // The newest options and data, read when the chart is (re)built without rebuilding on every
  // render. Effects run in order, so this is current when the one below builds.
  const latest = useRef({ options, data });
  useEffect(() => {
    latest.current = { options, data };
  });

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = Math.max(element.clientWidth, 200);
    const built = new uPlot({ ...latest.current.options(width), width, height }, latest.current.data, element);
    chart.current = built;
    const observer = new ResizeObserver(() => {
      const next = Math.max(element.clientWidth, 200);
      if (next !== built.width) built.setSize({ width: next, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      built.destroy();
      chart.current = null;
    };
  }, [shape, height]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div className="chart-canvas" ref={host} role="img" aria-label={label} />;
}
