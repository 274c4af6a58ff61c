//! The metrics a user's backend would receive: the SDK's in-memory metric
//! exporter behind a periodic reader, installed as the global provider.

use std::sync::{Mutex, MutexGuard};

use opentelemetry::KeyValue;
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
use opentelemetry_sdk::metrics::{InMemoryMetricExporter, PeriodicReader, SdkMeterProvider};

/// The global meter provider is process-wide: tests take turns.
pub struct Meters {
    exporter: InMemoryMetricExporter,
    pub provider: SdkMeterProvider,
    _turn: MutexGuard<'static, ()>,
}

/// One histogram data point as exported.
#[derive(Debug, Clone)]
pub struct Point {
    pub unit: String,
    pub count: u64,
    pub bounds: Vec<f64>,
    pub attributes: Vec<KeyValue>,
}

impl Point {
    pub fn get(&self, key: &str) -> Option<String> {
        self.attributes
            .iter()
            .find(|kv| kv.key.as_str() == key)
            .map(|kv| kv.value.as_str().into_owned())
    }
}

impl Meters {
    pub fn install() -> Meters {
        static TURN: Mutex<()> = Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let exporter = InMemoryMetricExporter::default();
        let provider = SdkMeterProvider::builder()
            .with_reader(PeriodicReader::builder(exporter.clone()).build())
            .build();
        instrument_proxy::metrics::set_meter_provider(provider.clone());
        Meters {
            exporter,
            provider,
            _turn: turn,
        }
    }

    /// Every data point of the histogram `name` (cumulative: the last export).
    pub fn points(&self, name: &str) -> Vec<Point> {
        self.each_metric(name, |metric, points| {
            let AggregatedMetrics::F64(MetricData::Histogram(histogram)) = metric.data() else {
                panic!("{name} is not an f64 histogram");
            };
            for point in histogram.data_points() {
                points.push(Point {
                    unit: metric.unit().to_owned(),
                    count: point.count(),
                    bounds: point.bounds().collect(),
                    attributes: point.attributes().cloned().collect(),
                });
            }
        })
    }

    /// Every data point of the counter `name`, each with its value as
    /// `count`: a monotonic sum of integers, as the conventions make
    /// `messaging.client.sent.messages`.
    pub fn counter_points(&self, name: &str) -> Vec<Point> {
        self.each_metric(name, |metric, points| {
            let AggregatedMetrics::U64(MetricData::Sum(sum)) = metric.data() else {
                panic!("{name} is not a u64 sum");
            };
            assert!(sum.is_monotonic(), "{name} is a counter");
            for point in sum.data_points() {
                points.push(Point {
                    unit: metric.unit().to_owned(),
                    count: point.value(),
                    bounds: Vec::new(),
                    attributes: point.attributes().cloned().collect(),
                });
            }
        })
    }

    /// `read` on each metric named `name` of the last export.
    fn each_metric(
        &self,
        name: &str,
        mut read: impl FnMut(&opentelemetry_sdk::metrics::data::Metric, &mut Vec<Point>),
    ) -> Vec<Point> {
        self.provider.force_flush().expect("flush");
        let exported = self.exporter.get_finished_metrics().expect("metrics");
        let mut points = Vec::new();
        let Some(last) = exported.last() else {
            return points;
        };
        for scope in last.scope_metrics() {
            for metric in scope.metrics().filter(|m| m.name() == name) {
                read(metric, &mut points);
            }
        }
        points
    }

    pub fn count(&self, name: &str) -> u64 {
        self.points(name).iter().map(|p| p.count).sum()
    }
}

/// Fails when any planted secret appears in a metric attribute.
pub fn assert_no_secret(points: &[Point], secrets: &[&str]) {
    for point in points {
        for kv in &point.attributes {
            for secret in secrets {
                assert!(
                    !kv.value.as_str().contains(secret),
                    "metric attribute {} carries the secret {secret:?}",
                    kv.key
                );
            }
        }
    }
}
