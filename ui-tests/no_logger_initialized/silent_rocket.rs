//@ profile: service
//@ dep: rocket
// Rocket installs its own logger when it ignites.
#[rocket::main]
async fn main() -> Result<(), rocket::Error> {
    let _rocket = rocket::build().launch().await?;
    Ok(())
}
