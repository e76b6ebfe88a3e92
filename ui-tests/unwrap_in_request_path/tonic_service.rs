//@ profile: service
//@ bin-root: false
// tonic service impls: every method of the generated trait runs per request.
use tonic::{Request, Response, Status};

pub mod pb {
    tonic::include_proto!("users");
}

use pb::users_server::Users;

pub struct UsersService {
    pool: sqlx::PgPool,
}

#[tonic::async_trait]
impl Users for UsersService {
    async fn get_user(&self, request: Request<pb::GetUserRequest>) -> Result<Response<pb::User>, Status> {
        let peer = request.remote_addr().unwrap();
        let trace = request.metadata().get("x-trace-id").unwrap(); //~ unwrap_in_request_path
        let id = uuid::Uuid::parse_str(&request.get_ref().id).unwrap(); //~ unwrap_in_request_path
        let row = sqlx::query("select * from users where id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await
            .expect("user row"); //~ unwrap_in_request_path
        let _ = (peer, trace, row);
        Err(Status::unimplemented("todo"))
    }

    async fn upload(&self, request: Request<tonic::Streaming<pb::Chunk>>) -> Result<Response<pb::Ack>, Status> {
        let first = request.into_inner().message().await.unwrap(); //~ unwrap_in_request_path
        let _ = first;
        Ok(Response::new(pb::Ack::default()))
    }
}

impl UsersService {
    pub fn new(url: &str) -> Self {
        let pool = sqlx::PgPool::connect_lazy(url).unwrap();
        UsersService { pool }
    }

    fn table_name(&self) -> &'static str {
        std::str::from_utf8(b"users").unwrap()
    }
}
