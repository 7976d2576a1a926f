// The chart colours of the current theme, read again when the system's light or dark scheme
// changes (the canvas cannot follow CSS by itself).

import { useEffect, useState } from 'react';
import { readChartColors, type ChartColors } from './chart-colors';

export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readChartColors);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: light)');
    const changed = () => setColors(readChartColors());
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return colors;
}
